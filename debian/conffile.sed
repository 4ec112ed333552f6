# Turns push_callback.conf.example into the package's /etc/push_callback.conf
# (debian/rules): the SdkAppid is left for the administrator to fill in, and
# the housekeeping keeps 90 days of logs; the counters are in the state
# directory the service's StateDirectory= makes.
1a\
#\
# Installed by the push-callback package: push_callback does not start until\
# PUSHCB_SDKAPPID below is set. Then: systemctl restart push-callback.socket
s/^PUSHCB_SDKAPPID=1400000000$/#PUSHCB_SDKAPPID=/
s/^#PUSHCB_KEEP_DAYS=0$/PUSHCB_KEEP_DAYS=90/
s|^#PUSHCB_STATE_DIR=$|PUSHCB_STATE_DIR=/var/lib/push_callback|
