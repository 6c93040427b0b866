.class public Lcase/arrays/ArrConst;
.super Ljava/lang/Object;

# a fresh array: the secret at [1], a constant at [0]; reading [1] leaks
# (send), reading [0] does not (sendClean); the array itself, passed to a
# sink, holds the secret (sendArr)
.method public static run()V
    .registers 5
    const/4 v0, 0x2
    new-array v1, v0, [Ljava/lang/String;
    const/4 v3, 0x0
    const-string v4, "constant"
    aput-object v4, v1, v3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    const/4 v3, 0x1
    aput-object v2, v1, v3
    const/4 v3, 0x0
    aget-object v4, v1, v3
    invoke-static {v4}, Lt/Snk;->sendClean(Ljava/lang/String;)V
    const/4 v3, 0x1
    aget-object v4, v1, v3
    invoke-static {v4}, Lt/Snk;->send(Ljava/lang/String;)V
    invoke-static {v1}, Lt/Snk;->sendArr([Ljava/lang/String;)V
    return-void
.end method
