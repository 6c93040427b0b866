.class public Lcase/Box;
.super Ljava/lang/Object;

.field public value:Ljava/lang/String;

.method public constructor <init>()V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    const-string v0, "init"
    iput-object v0, p0, Lcase/Box;->value:Ljava/lang/String;
    return-void
.end method
