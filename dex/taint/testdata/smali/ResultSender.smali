.class public Lcase/ResultSender;
.super Landroid/app/Activity;

# Activity.setResult(code, intent): the extras of a target-less intent go to
# the Intent parameter of onActivityResult (ResultReader), key by key: the
# extra "token" holds the secret, "plain" a constant; the intent "unsent"
# is never delivered.
.method public reply()V
    .registers 5
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Landroid/content/Intent;
    invoke-direct {v1}, Landroid/content/Intent;-><init>()V
    const-string v2, "token"
    invoke-virtual {v1, v2, v0}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    const-string v2, "plain"
    const-string v3, "constant"
    invoke-virtual {v1, v2, v3}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    const/4 v2, -1
    invoke-virtual {p0, v2, v1}, Lcase/ResultSender;->setResult(ILandroid/content/Intent;)V
    new-instance v1, Landroid/content/Intent;
    invoke-direct {v1}, Landroid/content/Intent;-><init>()V
    const-string v2, "unsent"
    invoke-virtual {v1, v2, v0}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    invoke-virtual {p0}, Lcase/ResultSender;->finish()V
    return-void
.end method
