.class public La/Child;
.super La/Base;
.implements Ljava/lang/Runnable;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, La/Base;-><init>()V
    return-void
.end method

.method public run()V
    .registers 2
    invoke-virtual {p0}, La/Base;->foo()V
    const-string v0, "shared"
    return-void
.end method
