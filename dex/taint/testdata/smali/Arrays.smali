.class public Lcase/Arrays;
.super Ljava/lang/Object;

# stored in an array, read back at an index that is not a constant (it
# may be the one written): leak (arrays_test.go has the constant-index
# cases)
.method public static run(I)V
    .registers 6
    const/4 v0, 0x2
    new-array v1, v0, [Ljava/lang/String;
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    const/4 v3, 0x0
    aput-object v2, v1, v3
    aget-object v4, v1, p0
    invoke-static {v4}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
