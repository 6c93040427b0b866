.class public Lcase/Saved;
.super Landroid/app/Activity;

# saved instance state: "uid" holds the secret, "mode" a constant; onCreate
# reads both, onRestoreInstanceState a key never saved; SavedOther (another
# activity) reads "uid" from its own state (no flow).
.method protected onSaveInstanceState(Landroid/os/Bundle;)V
    .registers 5
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    const-string v1, "uid"
    invoke-virtual {p1, v1, v0}, Landroid/os/Bundle;->putString(Ljava/lang/String;Ljava/lang/String;)V
    const-string v1, "mode"
    const-string v2, "dark"
    invoke-virtual {p1, v1, v2}, Landroid/os/Bundle;->putString(Ljava/lang/String;Ljava/lang/String;)V
    invoke-super {p0, p1}, Landroid/app/Activity;->onSaveInstanceState(Landroid/os/Bundle;)V
    return-void
.end method

.method public onCreate(Landroid/os/Bundle;)V
    .registers 4
    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V
    if-eqz p1, :none
    const-string v0, "uid"
    invoke-virtual {p1, v0}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendSaved(Ljava/lang/String;)V
    const-string v0, "mode"
    invoke-virtual {p1, v0}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendSavedConst(Ljava/lang/String;)V
    :none
    return-void
.end method

.method protected onRestoreInstanceState(Landroid/os/Bundle;)V
    .registers 4
    const-string v0, "other"
    invoke-virtual {p1, v0}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendSavedOtherKey(Ljava/lang/String;)V
    return-void
.end method
