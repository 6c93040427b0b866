.class public Lcase/ImplicitTarget;
.super Landroid/content/BroadcastReceiver;

# the implicit intent's "act" (flow), "acct" (sent to BundleTarget only),
# "act2" (sent with an action that is not constant: not followed)
.method public onReceive(Landroid/content/Context;Landroid/content/Intent;)V
    .registers 5
    const-string v0, "act"
    invoke-virtual {p2, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendImplicit(Ljava/lang/String;)V
    const-string v0, "acct"
    invoke-virtual {p2, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendImplicitOtherComponent(Ljava/lang/String;)V
    const-string v0, "act2"
    invoke-virtual {p2, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendImplicitUnknownAction(Ljava/lang/String;)V
    return-void
.end method
