.class public Lcase/MsgHandler;
.super Landroid/os/Handler;

# arg1 (flow), arg2 (a constant), the data "k" (flow), "c" (a constant)
# and "other" (never put)
.method public handleMessage(Landroid/os/Message;)V
    .registers 5
    iget v0, p1, Landroid/os/Message;->arg1:I
    invoke-static {v0}, Lt/Snk;->sendArg1(I)V
    iget v0, p1, Landroid/os/Message;->arg2:I
    invoke-static {v0}, Lt/Snk;->sendArg2(I)V
    invoke-virtual {p1}, Landroid/os/Message;->getData()Landroid/os/Bundle;
    move-result-object v1
    const-string v2, "k"
    invoke-virtual {v1, v2}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendMsgData(Ljava/lang/String;)V
    const-string v2, "c"
    invoke-virtual {v1, v2}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendMsgDataConst(Ljava/lang/String;)V
    const-string v2, "other"
    invoke-virtual {v1, v2}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lt/Snk;->sendMsgDataOtherKey(Ljava/lang/String;)V
    return-void
.end method
