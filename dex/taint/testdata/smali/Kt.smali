.class public final Lcase/Kt;
.super Ljava/lang/Object;

# a Kotlin lambda stored in a field and invoked through Function1.invoke:
# the argument reaches the lambda's body (Kt$cb$1); fireClean passes a
# constant (no flow)
.field private final cb:Lkotlin/jvm/functions/Function1;

.method public constructor <init>()V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    sget-object v0, Lcase/Kt$cb$1;->INSTANCE:Lcase/Kt$cb$1;
    iput-object v0, p0, Lcase/Kt;->cb:Lkotlin/jvm/functions/Function1;
    return-void
.end method

.method public final fire()V
    .registers 3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    iget-object v1, p0, Lcase/Kt;->cb:Lkotlin/jvm/functions/Function1;
    invoke-interface {v1, v0}, Lkotlin/jvm/functions/Function1;->invoke(Ljava/lang/Object;)Ljava/lang/Object;
    return-void
.end method
