.class public abstract Lcase/Base;
.super Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public abstract get(Ljava/lang/String;)Ljava/lang/String;
.end method
