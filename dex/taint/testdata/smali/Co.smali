.class public Lcase/Co;
.super Ljava/lang/Object;

# coroutine hops: a value captured by a suspend lambda reaches its body
# through launch (Co$1) and withContext (Co$3); Co$2 captures a constant
.method public static run(Lkotlinx/coroutines/CoroutineScope;Lkotlin/coroutines/CoroutineContext;Lkotlin/coroutines/Continuation;)Ljava/lang/Object;
    .registers 10
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    const/4 v7, 0x0
    new-instance v1, Lcase/Co$1;
    invoke-direct {v1, v0, v7}, Lcase/Co$1;-><init>(Ljava/lang/String;Lkotlin/coroutines/Continuation;)V
    check-cast v1, Lkotlin/jvm/functions/Function2;
    const/4 v2, 0x3
    invoke-static/range {p0 .. p0}, Lcase/Co;->noop(Lkotlinx/coroutines/CoroutineScope;)V
    move-object v3, p0
    move-object v4, v7
    move-object v5, v7
    move-object v6, v1
    move v8, v2
    move-object v9, v7
    invoke-static/range {v3 .. v9}, Lkotlinx/coroutines/BuildersKt;->launch$default(Lkotlinx/coroutines/CoroutineScope;Lkotlin/coroutines/CoroutineContext;Lkotlinx/coroutines/CoroutineStart;Lkotlin/jvm/functions/Function2;ILjava/lang/Object;)Lkotlinx/coroutines/Job;
    new-instance v1, Lcase/Co$2;
    const-string v2, "constant"
    invoke-direct {v1, v2, v7}, Lcase/Co$2;-><init>(Ljava/lang/String;Lkotlin/coroutines/Continuation;)V
    check-cast v1, Lkotlin/jvm/functions/Function2;
    const/4 v2, 0x3
    move-object v6, v1
    move v8, v2
    invoke-static/range {v3 .. v9}, Lkotlinx/coroutines/BuildersKt;->launch$default(Lkotlinx/coroutines/CoroutineScope;Lkotlin/coroutines/CoroutineContext;Lkotlinx/coroutines/CoroutineStart;Lkotlin/jvm/functions/Function2;ILjava/lang/Object;)Lkotlinx/coroutines/Job;
    new-instance v1, Lcase/Co$3;
    invoke-direct {v1, v0, v7}, Lcase/Co$3;-><init>(Ljava/lang/String;Lkotlin/coroutines/Continuation;)V
    check-cast v1, Lkotlin/jvm/functions/Function2;
    invoke-static {p1, v1, p2}, Lkotlinx/coroutines/BuildersKt;->withContext(Lkotlin/coroutines/CoroutineContext;Lkotlin/jvm/functions/Function2;Lkotlin/coroutines/Continuation;)Ljava/lang/Object;
    move-result-object v0
    return-object v0
.end method

.method public static noop(Lkotlinx/coroutines/CoroutineScope;)V
    .registers 1
    return-void
.end method
