.class public Lcase/Keyed;
.super Ljava/lang/Object;

# Bundle.putString("search_term", secret) then the bundle to a sink: the key is kept
.method public static run()V
    .registers 4
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Landroid/os/Bundle;
    invoke-direct {v1}, Landroid/os/Bundle;-><init>()V
    const-string v2, "search_term"
    invoke-virtual {v1, v2, v0}, Landroid/os/Bundle;->putString(Ljava/lang/String;Ljava/lang/String;)V
    invoke-static {v1}, Lt/Snk;->sendBundle(Landroid/os/Bundle;)V
    return-void
.end method
