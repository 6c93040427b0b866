.class public Lcase/TryCatch;
.super Ljava/lang/Object;

# tainted inside try, leaked in the handler: leak
.method public static run()V
    .registers 3
    const-string v0, "x"
    :try_start
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-static {}, Lt/Other;->mayThrow()V
    :try_end
    .catch Ljava/lang/Exception; {:try_start .. :try_end} :handler
    return-void
    :handler
    move-exception v1
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
