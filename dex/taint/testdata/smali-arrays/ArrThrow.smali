.class public Lcase/arrays/ArrThrow;
.super Ljava/lang/Object;

# in a try block after the secret is read: new-array of a constant size
# and aget at a constant index below its length cannot throw, so the
# handler never sees the secret (sendClean)
.method public static run()V
    .registers 5
    const-string v0, ""
    :try_start_0
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    const/4 v1, 0x4
    new-array v2, v1, [I
    const/4 v1, 0x2
    aget v3, v2, v1
    :try_end_0
    .catch Ljava/lang/RuntimeException; {:try_start_0 .. :try_end_0} :catch_0
    return-void
    :catch_0
    move-exception v4
    invoke-static {v0}, Lt/Snk;->sendClean(Ljava/lang/String;)V
    return-void
.end method

# the same with the index out of bounds: the handler may run (send)
.method public static runOut()V
    .registers 5
    const-string v0, ""
    :try_start_0
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    const/4 v1, 0x4
    new-array v2, v1, [I
    aget v3, v2, v1
    :try_end_0
    .catch Ljava/lang/RuntimeException; {:try_start_0 .. :try_end_0} :catch_0
    return-void
    :catch_0
    move-exception v4
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method

# aput-object in bounds may still throw ArrayStoreException (send)
.method public static runStore()V
    .registers 6
    const-string v0, ""
    :try_start_0
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    const/4 v1, 0x4
    new-array v2, v1, [Ljava/lang/Object;
    const/4 v1, 0x1
    const-string v5, "constant"
    aput-object v5, v2, v1
    :try_end_0
    .catch Ljava/lang/RuntimeException; {:try_start_0 .. :try_end_0} :catch_0
    return-void
    :catch_0
    move-exception v4
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
