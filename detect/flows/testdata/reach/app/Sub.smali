.class public Lr/Sub;
.super Lr/Base;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Lr/Base;-><init>()V
    return-void
.end method
