.class public Lcase/Outer;
.super Ljava/lang/Object;

.method static synthetic lambda$send$0(Ljava/lang/String;)V
    .registers 1
    invoke-static {p0}, Lt/Snk;->sendLambda(Ljava/lang/String;)V
    return-void
.end method

# a value captured by an inner class (constructor -> field), used in run(): leak
.method public static run()V
    .registers 3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Lcase/Outer$1;
    invoke-direct {v1, v0}, Lcase/Outer$1;-><init>(Ljava/lang/String;)V
    new-instance v2, Ljava/lang/Thread;
    invoke-direct {v2, v1}, Ljava/lang/Thread;-><init>(Ljava/lang/Runnable;)V
    invoke-virtual {v2}, Ljava/lang/Thread;->start()V
    return-void
.end method
