.class final Lcase/Outer$1;
.super Ljava/lang/Object;
.implements Ljava/lang/Runnable;

.field final synthetic val$data:Ljava/lang/String;

.method constructor <init>(Ljava/lang/String;)V
    .registers 2
    iput-object p1, p0, Lcase/Outer$1;->val$data:Ljava/lang/String;
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public run()V
    .registers 2
    iget-object v0, p0, Lcase/Outer$1;->val$data:Ljava/lang/String;
    invoke-static {v0}, Lcase/Outer;->lambda$send$0(Ljava/lang/String;)V
    return-void
.end method
