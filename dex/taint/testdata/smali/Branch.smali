.class public Lcase/Branch;
.super Ljava/lang/Object;

# tainted on one branch only: leak (may)
.method public static run(I)V
    .registers 3
    const-string v0, "x"
    if-eqz p0, :skip
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    :skip
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
