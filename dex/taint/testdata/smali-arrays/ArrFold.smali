.class public Lcase/arrays/ArrFold;
.super Ljava/lang/Object;

# the index comes from a helper that computes it from constants
# ((1+1)*5%10+4 = 4, as DroidBench's ArrayAccess2): [4] is a constant
# (sendClean), [5] the secret (send: 4+1)
.method public static run()V
    .registers 6
    const/16 v0, 0xa
    new-array v1, v0, [Ljava/lang/String;
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    const/4 v3, 0x5
    aput-object v2, v1, v3
    const/4 v3, 0x4
    const-string v4, "constant"
    aput-object v4, v1, v3
    invoke-static {}, Lcase/arrays/ArrFold;->index()I
    move-result v3
    aget-object v4, v1, v3
    invoke-static {v4}, Lt/Snk;->sendClean(Ljava/lang/String;)V
    add-int/lit8 v5, v3, 0x1
    aget-object v4, v1, v5
    invoke-static {v4}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method

.method public static index()I
    .registers 1
    const/4 v0, 0x1
    add-int/lit8 v0, v0, 0x1
    mul-int/lit8 v0, v0, 0x5
    rem-int/lit8 v0, v0, 0xa
    add-int/lit8 v0, v0, 0x4
    return v0
.end method
