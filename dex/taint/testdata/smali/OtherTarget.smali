.class public Lcase/OtherTarget;
.super Landroid/app/Service;

# a service: its extra "imei2" (flow, read in a nested class); "imei" went to Target (no flow)
.method public onStartCommand(Landroid/content/Intent;II)I
    .registers 6
    const-string v0, "imei"
    invoke-virtual {p1, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendExtraWrongTarget(Ljava/lang/String;)V
    invoke-static {p1}, Lcase/OtherTarget$Worker;->handle(Landroid/content/Intent;)V
    const/4 v0, 0x1
    return v0
.end method
