.class public Lcase/Hop;
.super Ljava/lang/Object;

# data captured in a Runnable's field reaches run(): through
# Executor.execute (Hop$Task), Handler.post (Hop$Post); Hop$Clean captures
# a constant (no flow)
.method public static run(Ljava/util/concurrent/Executor;Landroid/os/Handler;)V
    .registers 5
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Lcase/Hop$Task;
    invoke-direct {v1, v0}, Lcase/Hop$Task;-><init>(Ljava/lang/String;)V
    invoke-interface {p0, v1}, Ljava/util/concurrent/Executor;->execute(Ljava/lang/Runnable;)V
    new-instance v1, Lcase/Hop$Post;
    invoke-direct {v1, v0}, Lcase/Hop$Post;-><init>(Ljava/lang/String;)V
    invoke-virtual {p1, v1}, Landroid/os/Handler;->post(Ljava/lang/Runnable;)Z
    new-instance v1, Lcase/Hop$Clean;
    const-string v2, "constant"
    invoke-direct {v1, v2}, Lcase/Hop$Clean;-><init>(Ljava/lang/String;)V
    invoke-interface {p0, v1}, Ljava/util/concurrent/Executor;->execute(Ljava/lang/Runnable;)V
    return-void
.end method
