.class public Lcase/Thrower;
.super Ljava/lang/Object;

.method private static fail()V
    .registers 2
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Ljava/lang/RuntimeException;
    invoke-direct {v1, v0}, Ljava/lang/RuntimeException;-><init>(Ljava/lang/String;)V
    throw v1
.end method

# the callee throws an exception carrying the data; the caller leaks its message: leak
.method public static run()V
    .registers 3
    :try_start
    invoke-static {}, Lcase/Thrower;->fail()V
    :try_end
    .catch Ljava/lang/RuntimeException; {:try_start .. :try_end} :handler
    return-void
    :handler
    move-exception v0
    invoke-virtual {v0}, Ljava/lang/RuntimeException;->getMessage()Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendThrown(Ljava/lang/String;)V
    return-void
.end method
