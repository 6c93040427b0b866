.class public Lcase/Dispatch;
.super Ljava/lang/Object;

# receiver type known from new-instance: Blocker drops the data (no leak)
.method public static runBlocked()V
    .registers 3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Lcase/Blocker;
    invoke-direct {v1}, Lcase/Blocker;-><init>()V
    invoke-virtual {v1, v0}, Lcase/Base;->get(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v2
    invoke-static {v2}, Lt/Snk;->sendBlocked(Ljava/lang/String;)V
    return-void
.end method

# receiver type unknown (parameter): both overriders are considered: leak
.method public static runUnknown(Lcase/Base;)V
    .registers 3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-virtual {p0, v0}, Lcase/Base;->get(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendUnknown(Ljava/lang/String;)V
    return-void
.end method
