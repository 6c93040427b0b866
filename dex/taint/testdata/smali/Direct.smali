.class public Lcase/Direct;
.super Ljava/lang/Object;

# source -> sink in one method: leak
.method public static run()V
    .registers 2
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
