.class final Lcase/Kt$cb$1;
.super Lkotlin/jvm/internal/Lambda;
.implements Lkotlin/jvm/functions/Function1;

.field public static final INSTANCE:Lcase/Kt$cb$1;

.method static constructor <clinit>()V
    .registers 1
    new-instance v0, Lcase/Kt$cb$1;
    invoke-direct {v0}, Lcase/Kt$cb$1;-><init>()V
    sput-object v0, Lcase/Kt$cb$1;->INSTANCE:Lcase/Kt$cb$1;
    return-void
.end method

.method constructor <init>()V
    .registers 2
    const/4 v0, 0x1
    invoke-direct {p0, v0}, Lkotlin/jvm/internal/Lambda;-><init>(I)V
    return-void
.end method

.method public final invoke(Ljava/lang/Object;)Ljava/lang/Object;
    .registers 3
    check-cast p1, Ljava/lang/String;
    invoke-static {p1}, Lt/Snk;->sendFn(Ljava/lang/String;)V
    sget-object v0, Lkotlin/Unit;->INSTANCE:Lkotlin/Unit;
    return-object v0
.end method
