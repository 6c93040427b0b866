.class final Lcase/Co$2;
.super Lkotlin/coroutines/jvm/internal/SuspendLambda;
.implements Lkotlin/jvm/functions/Function2;

# a suspend lambda as kotlinc compiles it: the captured value is a field,
# the body is invokeSuspend, which kotlinx.coroutines calls
.field final synthetic $v:Ljava/lang/String;

.method constructor <init>(Ljava/lang/String;Lkotlin/coroutines/Continuation;)V
    .registers 4
    iput-object p1, p0, Lcase/Co$2;->$v:Ljava/lang/String;
    const/4 v0, 0x2
    invoke-direct {p0, v0, p2}, Lkotlin/coroutines/jvm/internal/SuspendLambda;-><init>(ILkotlin/coroutines/Continuation;)V
    return-void
.end method

.method public final invokeSuspend(Ljava/lang/Object;)Ljava/lang/Object;
    .registers 3
    iget-object v0, p0, Lcase/Co$2;->$v:Ljava/lang/String;
    invoke-static {v0}, Lt/Snk;->sendCoClean(Ljava/lang/String;)V
    sget-object v1, Lkotlin/Unit;->INSTANCE:Lkotlin/Unit;
    return-object v1
.end method
