.class public Lcase/BundleTarget;
.super Landroid/app/Activity;

# reads "acct" through getExtras() (flow), "deep" under "nested" (flow),
# "shallow" under "nested" (never put), "late", "built", "named" and
# "typed" (flows), and
# "act" (put into an implicit intent: every component reading the key).
.method public onCreate(Landroid/os/Bundle;)V
    .registers 6
    invoke-virtual {p0}, Lcase/BundleTarget;->getIntent()Landroid/content/Intent;
    move-result-object v0
    invoke-virtual {v0}, Landroid/content/Intent;->getExtras()Landroid/os/Bundle;
    move-result-object v1
    const-string v2, "acct"
    invoke-virtual {v1, v2}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendBundleExtras(Ljava/lang/String;)V
    const-string v2, "nested"
    invoke-virtual {v0, v2}, Landroid/content/Intent;->getBundleExtra(Ljava/lang/String;)Landroid/os/Bundle;
    move-result-object v1
    const-string v2, "deep"
    invoke-virtual {v1, v2}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendNested(Ljava/lang/String;)V
    const-string v2, "shallow"
    invoke-virtual {v1, v2}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendNestedOtherKey(Ljava/lang/String;)V
    const-string v2, "late"
    invoke-virtual {v0, v2}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendLate(Ljava/lang/String;)V
    const-string v2, "built"
    invoke-virtual {v0, v2}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendBuilt(Ljava/lang/String;)V
    const-string v2, "named"
    invoke-virtual {v0, v2}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendNamed(Ljava/lang/String;)V
    const-string v2, "typed"
    invoke-virtual {v0, v2}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendTyped(Ljava/lang/String;)V
    return-void
.end method
