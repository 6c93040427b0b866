.class public Lcase/Wide;
.super Ljava/lang/Object;

# a double (register pair) moved around, then leaked: leak
.method public static run()V
    .registers 6
    invoke-static {}, Lt/Src;->lat()D
    move-result-wide v0
    move-wide v2, v0
    invoke-static {v2, v3}, Lt/Snk;->sendD(D)V
    return-void
.end method
