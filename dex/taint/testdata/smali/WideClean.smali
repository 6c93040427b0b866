.class public Lcase/WideClean;
.super Ljava/lang/Object;

# the pair is overwritten by a constant (and its high half reused): no leak
.method public static run()V
    .registers 6
    invoke-static {}, Lt/Src;->lat()D
    move-result-wide v0
    const-wide/16 v0, 0x1
    invoke-static {v0, v1}, Lt/Snk;->sendD(D)V
    return-void
.end method
