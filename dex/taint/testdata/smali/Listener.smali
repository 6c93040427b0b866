.class public Lcase/Listener;
.super Ljava/lang/Object;
.implements Lt/OnEvent;

# callback parameter source (Lt/OnEvent;->onEvent param 1): leak
.method public onEvent(Ljava/lang/String;)V
    .registers 2
    invoke-static {p1}, Lt/Snk;->sendCallback(Ljava/lang/String;)V
    return-void
.end method
