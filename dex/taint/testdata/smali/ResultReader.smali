.class public Lcase/ResultReader;
.super Landroid/app/Activity;

# onActivityResult reads the result extras: "token" (flow), the same key
# through getExtras() and a loop over keySet() (flow), "plain" (a
# constant), "unsent" (never delivered); getIntent() in onCreate is not
# the result (no flow).
.method protected onActivityResult(IILandroid/content/Intent;)V
    .registers 8
    const-string v0, "token"
    invoke-virtual {p3, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendResult(Ljava/lang/String;)V
    const-string v0, "plain"
    invoke-virtual {p3, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendResultConst(Ljava/lang/String;)V
    const-string v0, "unsent"
    invoke-virtual {p3, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendResultUnsent(Ljava/lang/String;)V
    invoke-virtual {p3}, Landroid/content/Intent;->getExtras()Landroid/os/Bundle;
    move-result-object v2
    invoke-virtual {v2}, Landroid/os/Bundle;->keySet()Ljava/util/Set;
    move-result-object v3
    invoke-interface {v3}, Ljava/util/Set;->iterator()Ljava/util/Iterator;
    move-result-object v3
    :loop
    invoke-interface {v3}, Ljava/util/Iterator;->hasNext()Z
    move-result v0
    if-eqz v0, :done
    invoke-interface {v3}, Ljava/util/Iterator;->next()Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Ljava/lang/String;
    invoke-virtual {v2, v0}, Landroid/os/Bundle;->get(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendResultDump(Ljava/lang/Object;)V
    goto :loop
    :done
    return-void
.end method

.method public onCreate(Landroid/os/Bundle;)V
    .registers 4
    invoke-virtual {p0}, Lcase/ResultReader;->getIntent()Landroid/content/Intent;
    move-result-object v0
    const-string v1, "token"
    invoke-virtual {v0, v1}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendResultNotIntent(Ljava/lang/String;)V
    return-void
.end method
