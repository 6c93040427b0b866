.class public Lcase/arrays/ArrDynamic;
.super Ljava/lang/Object;

# a write at an index that is not a constant: the whole array is tainted,
# so a read at [0] leaks (send); a read at an unknown index of a fresh
# array sees every entry (sendAny)
.method public static run(II)V
    .registers 7
    const/4 v0, 0x4
    new-array v1, v0, [Ljava/lang/String;
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    aput-object v2, v1, p0
    const/4 v3, 0x0
    aget-object v4, v1, v3
    invoke-static {v4}, Lt/Snk;->send(Ljava/lang/String;)V
    new-array v1, v0, [Ljava/lang/String;
    const/4 v3, 0x2
    aput-object v2, v1, v3
    aget-object v4, v1, p1
    invoke-static {v4}, Lt/Snk;->sendAny(Ljava/lang/String;)V
    return-void
.end method
