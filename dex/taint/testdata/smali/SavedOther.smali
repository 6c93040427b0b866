.class public Lcase/SavedOther;
.super Landroid/app/Activity;

.method protected onRestoreInstanceState(Landroid/os/Bundle;)V
    .registers 4
    const-string v0, "uid"
    invoke-virtual {p1, v0}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendSavedOtherClass(Ljava/lang/String;)V
    return-void
.end method
