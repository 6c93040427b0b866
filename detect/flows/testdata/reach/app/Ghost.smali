.class public Lr/Ghost;
.super Landroid/app/Activity;

# not in the manifest: its callbacks never run (their flows are dropped),
# its static helper does when called (kept)
.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Activity;-><init>()V
    return-void
.end method

.method protected onCreate(Landroid/os/Bundle;)V
    .registers 4
    invoke-virtual {p0}, Lr/Ghost;->getIntent()Landroid/content/Intent;
    move-result-object v0
    const-string v1, "id"
    invoke-virtual {v0, v1}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    const-string v1, "ghost"
    invoke-static {v1, v0}, Landroid/util/Log;->i(Ljava/lang/String;Ljava/lang/String;)I
    new-instance v2, Lr/Orphan;
    invoke-direct {v2}, Lr/Orphan;-><init>()V
    return-void
.end method

.method protected onResume()V
    .registers 3
    const/4 v0, 0x0
    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;
    move-result-object v0
    const-string v1, "ghost"
    invoke-static {v1, v0}, Landroid/util/Log;->w(Ljava/lang/String;Ljava/lang/String;)I
    return-void
.end method

.method public static leak(Ljava/lang/String;)V
    .registers 2
    const-string v0, "helper"
    invoke-static {v0, p0}, Landroid/util/Log;->d(Ljava/lang/String;Ljava/lang/String;)I
    return-void
.end method
