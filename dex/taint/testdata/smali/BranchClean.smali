.class public Lcase/BranchClean;
.super Ljava/lang/Object;

# both branches overwrite the tainted register: no leak
.method public static run(I)V
    .registers 3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    if-eqz p0, :other
    const-string v0, "a"
    goto :join
    :other
    const-string v0, "b"
    :join
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
