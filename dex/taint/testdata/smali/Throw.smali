.class public Lcase/Throw;
.super Ljava/lang/Object;

# tainted exception object thrown and caught, its message leaked: leak
.method public static run()V
    .registers 3
    :try_start
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Ljava/lang/RuntimeException;
    invoke-direct {v1, v0}, Ljava/lang/RuntimeException;-><init>(Ljava/lang/String;)V
    throw v1
    :try_end
    .catch Ljava/lang/RuntimeException; {:try_start .. :try_end} :handler
    :handler
    move-exception v1
    invoke-virtual {v1}, Ljava/lang/RuntimeException;->getMessage()Ljava/lang/String;
    move-result-object v2
    invoke-static {v2}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
