.class public Lcase/Unreachable;
.super Ljava/lang/Object;

.method public static five()I
    .registers 1
    const/4 v0, 0x5
    return v0
.end method

# Random.nextInt(10) is never 20, five() is never above 9: no leak
.method public static run()V
    .registers 4
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Ljava/util/Random;
    invoke-direct {v1}, Ljava/util/Random;-><init>()V
    const/16 v2, 0xa
    invoke-virtual {v1, v2}, Ljava/util/Random;->nextInt(I)I
    move-result v2
    const/16 v3, 0x14
    if-ne v2, v3, :skip
    invoke-static {v0}, Lt/Snk;->sendNever(Ljava/lang/String;)V
    :skip
    invoke-static {}, Lcase/Unreachable;->five()I
    move-result v2
    const/16 v3, 0x9
    if-le v2, v3, :end
    invoke-static {v0}, Lt/Snk;->sendNever2(Ljava/lang/String;)V
    :end
    return-void
.end method

# never called private method: not a seed (no leak)
.method private dead()V
    .registers 2
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lt/Snk;->sendDead(Ljava/lang/String;)V
    return-void
.end method
