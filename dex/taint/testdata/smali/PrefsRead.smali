.class public Lcase/PrefsRead;
.super Ljava/lang/Object;

.method public static leak(Landroid/content/SharedPreferences;)V
    .registers 3
    const-string v0, "uid"
    const/4 v1, 0x0
    invoke-interface {p0, v0, v1}, Landroid/content/SharedPreferences;->getString(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lt/Snk;->sendPref(Ljava/lang/String;)V
    return-void
.end method

# a different key: no flow
.method public static otherKey(Landroid/content/SharedPreferences;)V
    .registers 3
    const-string v0, "other"
    const/4 v1, 0x0
    invoke-interface {p0, v0, v1}, Landroid/content/SharedPreferences;->getString(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lt/Snk;->sendPrefOtherKey(Ljava/lang/String;)V
    const-string v0, "theme"
    invoke-interface {p0, v0, v1}, Landroid/content/SharedPreferences;->getString(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lt/Snk;->sendPrefConst(Ljava/lang/String;)V
    return-void
.end method
