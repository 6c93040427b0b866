.class public Lcase/Arrays;
.super Ljava/lang/Object;

# stored in an array (whole-array taint), read back at another index: leak
.method public static run()V
    .registers 5
    const/4 v0, 0x2
    new-array v1, v0, [Ljava/lang/String;
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    const/4 v3, 0x0
    aput-object v2, v1, v3
    const/4 v3, 0x1
    aget-object v4, v1, v3
    invoke-static {v4}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
