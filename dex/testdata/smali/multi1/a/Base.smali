.class public La/Base;
.super Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public foo()V
    .registers 2
    const-string v0, "base-secret"
    return-void
.end method
