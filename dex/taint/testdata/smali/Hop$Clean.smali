.class final Lcase/Hop$Clean;
.super Ljava/lang/Object;
.implements Ljava/lang/Runnable;

.field private final val:Ljava/lang/String;

.method constructor <init>(Ljava/lang/String;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcase/Hop$Clean;->val:Ljava/lang/String;
    return-void
.end method

.method public run()V
    .registers 2
    iget-object v0, p0, Lcase/Hop$Clean;->val:Ljava/lang/String;
    invoke-static {v0}, Lt/Snk;->sendHopClean(Ljava/lang/String;)V
    return-void
.end method
