.class public Lcase/MsgSender;
.super Ljava/lang/Object;

# Messages: Message.obtain(handler, what, arg1, arg2) with the secret in
# arg1 (arg2 a constant) sent through a Messenger; a Bundle with the
# secret under "k" (and a constant under "c") as the data of a message
# sent in-process with Handler.sendMessage. MsgHandler.handleMessage reads
# them.
.method public static send(Landroid/os/Messenger;Landroid/os/Handler;)V
    .registers 8
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Ljava/lang/Integer;->parseInt(Ljava/lang/String;)I
    move-result v1
    const/4 v2, 0
    const/4 v3, 1
    const/4 v4, 0
    invoke-static {v2, v3, v1, v4}, Landroid/os/Message;->obtain(Landroid/os/Handler;III)Landroid/os/Message;
    move-result-object v5
    invoke-virtual {p0, v5}, Landroid/os/Messenger;->send(Landroid/os/Message;)V
    new-instance v2, Landroid/os/Bundle;
    invoke-direct {v2}, Landroid/os/Bundle;-><init>()V
    const-string v3, "k"
    invoke-virtual {v2, v3, v0}, Landroid/os/Bundle;->putString(Ljava/lang/String;Ljava/lang/String;)V
    const-string v3, "c"
    const-string v4, "constant"
    invoke-virtual {v2, v3, v4}, Landroid/os/Bundle;->putString(Ljava/lang/String;Ljava/lang/String;)V
    invoke-static {}, Landroid/os/Message;->obtain()Landroid/os/Message;
    move-result-object v5
    invoke-virtual {v5, v2}, Landroid/os/Message;->setData(Landroid/os/Bundle;)V
    invoke-virtual {p1, v5}, Landroid/os/Handler;->sendMessage(Landroid/os/Message;)Z
    return-void
.end method
