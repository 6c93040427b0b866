.class public Lcase/Caller;
.super Ljava/lang/Object;

# the source is read in a callee (Summary.getSecret) and leaked here: leak
.method public static run()V
    .registers 1
    invoke-static {}, Lcase/Summary;->getSecret()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lt/Snk;->sendCaller(Ljava/lang/String;)V
    return-void
.end method
