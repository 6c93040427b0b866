.class public Lcase/Fields;
.super Ljava/lang/Object;

.field private stored:Ljava/lang/String;
.field private other:Ljava/lang/String;
.field static sstored:Ljava/lang/String;

# stored in an instance field in one method, leaked from another: leak
.method public store()V
    .registers 2
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    iput-object v0, p0, Lcase/Fields;->stored:Ljava/lang/String;
    sput-object v0, Lcase/Fields;->sstored:Ljava/lang/String;
    return-void
.end method

.method public leak()V
    .registers 2
    iget-object v0, p0, Lcase/Fields;->stored:Ljava/lang/String;
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method

.method public static leakStatic()V
    .registers 1
    sget-object v0, Lcase/Fields;->sstored:Ljava/lang/String;
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method

# another field of the same class is not tainted: no leak
.method public noLeak()V
    .registers 2
    iget-object v0, p0, Lcase/Fields;->other:Ljava/lang/String;
    invoke-static {v0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
