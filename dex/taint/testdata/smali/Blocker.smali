.class public Lcase/Blocker;
.super Lcase/Base;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Lcase/Base;-><init>()V
    return-void
.end method

.method public get(Ljava/lang/String;)Ljava/lang/String;
    .registers 3
    const-string v0, "blocked"
    return-object v0
.end method
