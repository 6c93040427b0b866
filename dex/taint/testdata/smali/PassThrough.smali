.class public Lcase/PassThrough;
.super Lcase/Base;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Lcase/Base;-><init>()V
    return-void
.end method

.method public get(Ljava/lang/String;)Ljava/lang/String;
    .registers 2
    return-object p1
.end method
