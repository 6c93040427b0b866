.class public Lcase/Target;
.super Landroid/app/Activity;

# reads its own extra "imei" (flow), "imei2" sent to another class and
# "nokey" never sent (no flows)
.method public onCreate(Landroid/os/Bundle;)V
    .registers 4
    invoke-virtual {p0}, Lcase/Target;->getIntent()Landroid/content/Intent;
    move-result-object v0
    const-string v1, "imei"
    invoke-virtual {v0, v1}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v2
    invoke-static {v2}, Lt/Snk;->sendExtra(Ljava/lang/String;)V
    const-string v1, "imei2"
    invoke-virtual {v0, v1}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v2
    invoke-static {v2}, Lt/Snk;->sendExtraWrongTarget(Ljava/lang/String;)V
    const-string v1, "nokey"
    invoke-virtual {v0, v1}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v2
    invoke-static {v2}, Lt/Snk;->sendExtraOtherKey(Ljava/lang/String;)V
    return-void
.end method
