.class public Lcase/arrays/ArrOverwrite;
.super Ljava/lang/Object;

# a strong update: the secret at [0] is overwritten by a constant before
# the read (sendClean); a copy of the array reference sees the same entries
.method public static run()V
    .registers 6
    const/4 v0, 0x1
    new-array v1, v0, [Ljava/lang/String;
    move-object v5, v1
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    const/4 v3, 0x0
    aput-object v2, v1, v3
    const-string v4, "constant"
    aput-object v4, v5, v3
    aget-object v4, v1, v3
    invoke-static {v4}, Lt/Snk;->sendClean(Ljava/lang/String;)V
    return-void
.end method
