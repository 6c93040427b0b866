.class public Lcase/Action;
.super Ljava/lang/Object;

# the action of an Intent is data the Intent carries: a secret set as the
# action comes back from getAction()
.method public static leak()V
    .registers 3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Landroid/content/Intent;
    invoke-direct {v1}, Landroid/content/Intent;-><init>()V
    invoke-virtual {v1, v0}, Landroid/content/Intent;->setAction(Ljava/lang/String;)Landroid/content/Intent;
    invoke-virtual {v1}, Landroid/content/Intent;->getAction()Ljava/lang/String;
    move-result-object v2
    invoke-static {v2}, Lt/Snk;->sendAction(Ljava/lang/String;)V
    return-void
.end method

# a constant action on an Intent that never saw the secret: no flow
.method public static clean()V
    .registers 4
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Landroid/content/Intent;
    invoke-direct {v1}, Landroid/content/Intent;-><init>()V
    const-string v3, "com.example.VIEW"
    invoke-virtual {v1, v3}, Landroid/content/Intent;->setAction(Ljava/lang/String;)Landroid/content/Intent;
    invoke-virtual {v1}, Landroid/content/Intent;->getAction()Ljava/lang/String;
    move-result-object v2
    invoke-static {v2}, Lt/Snk;->sendActionConst(Ljava/lang/String;)V
    return-void
.end method
