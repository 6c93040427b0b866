.class public Lcase/OtherTarget$Worker;
.super Ljava/lang/Object;

.method public static handle(Landroid/content/Intent;)V
    .registers 3
    const-string v0, "imei2"
    invoke-virtual {p0, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendExtraService(Ljava/lang/String;)V
    return-void
.end method
