.class public Lr/Main;
.super Landroid/app/Activity;

# declared: its own leak (kept), the id handed to a static helper of an
# undeclared activity (kept), to that activity by an intent (dropped: never
# delivered), and a dynamically registered receiver (its callback kept)
.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Activity;-><init>()V
    return-void
.end method

.method protected onCreate(Landroid/os/Bundle;)V
    .registers 6
    const/4 v0, 0x0
    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;
    move-result-object v0
    const-string v1, "main"
    invoke-static {v1, v0}, Landroid/util/Log;->i(Ljava/lang/String;Ljava/lang/String;)I
    invoke-static {v0}, Lr/Ghost;->leak(Ljava/lang/String;)V
    new-instance v2, Landroid/content/Intent;
    const-class v3, Lr/Ghost;
    invoke-direct {v2, p0, v3}, Landroid/content/Intent;-><init>(Landroid/content/Context;Ljava/lang/Class;)V
    const-string v3, "id"
    invoke-virtual {v2, v3, v0}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    invoke-virtual {p0, v2}, Lr/Main;->startActivity(Landroid/content/Intent;)V
    new-instance v2, Lr/Dyn;
    invoke-direct {v2}, Lr/Dyn;-><init>()V
    new-instance v3, Landroid/content/IntentFilter;
    const-string v4, "r.EVENT"
    invoke-direct {v3, v4}, Landroid/content/IntentFilter;-><init>(Ljava/lang/String;)V
    invoke-virtual {p0, v2, v3}, Lr/Main;->registerReceiver(Landroid/content/BroadcastReceiver;Landroid/content/IntentFilter;)Landroid/content/Intent;
    return-void
.end method
