.class public Lcase/Overwrite;
.super Ljava/lang/Object;

# the tainted register is overwritten before the sink: no leak
.method public static run()V
    .registers 2
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    const-string v0, "constant"
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
