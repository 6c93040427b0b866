.class public Lcase/Summary;
.super Ljava/lang/Object;

.method public static identity(Ljava/lang/String;)Ljava/lang/String;
    .registers 1
    return-object p0
.end method

.method public static ignore(Ljava/lang/String;)Ljava/lang/String;
    .registers 2
    const-string v0, "const"
    return-object v0
.end method

.method public static sendIt(Ljava/lang/String;)V
    .registers 1
    invoke-static {p0}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method

.method public static getSecret()Ljava/lang/String;
    .registers 1
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# through identity(): leak; through ignore(): none; into sendIt(): leak
.method public static run()V
    .registers 3
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lcase/Summary;->identity(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->send(Ljava/lang/String;)V
    invoke-static {v0}, Lcase/Summary;->ignore(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v2
    invoke-static {v2}, Lt/Snk;->sendOther(Ljava/lang/String;)V
    invoke-static {v0}, Lcase/Summary;->sendIt(Ljava/lang/String;)V
    return-void
.end method
