.class public Lcase/ImplicitOther;
.super Landroid/content/BroadcastReceiver;

# reads "act" and "act2" but declares neither action (no flow)
.method public onReceive(Landroid/content/Context;Landroid/content/Intent;)V
    .registers 5
    const-string v0, "act"
    invoke-virtual {p2, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendImplicitUndeclared(Ljava/lang/String;)V
    return-void
.end method
