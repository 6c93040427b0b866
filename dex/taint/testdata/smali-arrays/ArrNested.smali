.class public Lcase/arrays/ArrNested;
.super Ljava/lang/Object;

# a multidimensional array: the secret written into an inner array taints
# the outer one, so a read of another inner array leaks (send)
.method public static run()V
    .registers 7
    const/4 v0, 0x2
    new-array v1, v0, [[Ljava/lang/String;
    new-array v2, v0, [Ljava/lang/String;
    const/4 v3, 0x0
    aput-object v2, v1, v3
    aget-object v4, v1, v3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v5
    aput-object v5, v4, v3
    const/4 v3, 0x1
    aget-object v4, v1, v3
    const/4 v3, 0x0
    aget-object v6, v4, v3
    invoke-static {v6}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
